import { runBareFloor } from './peers/bare.js';
const t = Date.now();
try { await runBareFloor({ jobs: 10, amqpUrl: 'amqp://guest:guest@127.0.0.1:5999' }); } catch (e) { console.log('rejected after', Date.now() - t, 'ms:', String(e).slice(0, 200)); }
