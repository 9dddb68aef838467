/**
 * The domain services of one process, built once from its engine and shared by every
 * caller (REST routes, GraphQL resolvers, the CLI, the pipeline's commands).
 */
import type { Engine } from '../engine.js';
import { buildPriceTable } from './settings/prices.js';
import { BackupService } from './backups/service.js';
import { FailureService } from './failures/service.js';
import { FileService } from './files/service.js';
import { OverviewService } from './overview/service.js';
import { ListingService } from './listings/service.js';
import { PredictionService } from './predictions/service.js';
import { ReviewService } from './reviews/service.js';
import { SettingsService } from './settings/service.js';
import { UsageService } from './usage/service.js';
import { UserService } from './users/service.js';
import { WebhookDeliveryService } from './webhooks/service.js';
import type { JobService } from '../jobs/service.js';

export interface Services {
  jobs: JobService;
  files: FileService;
  listings: ListingService;
  reviews: ReviewService;
  usage: UsageService;
  users: UserService;
  settings: SettingsService;
  predictions: PredictionService;
  failures: FailureService;
  overview: OverviewService;
  backups: BackupService;
  webhooks: WebhookDeliveryService;
}

const cache = new WeakMap<Engine, Services>();

/** The services over `engine` (one set per engine: an API and a worker sharing an engine share them). */
export function servicesOf(engine: Engine): Services {
  let s = cache.get(engine);
  if (!s) {
    const { db, jobs } = engine;
    s = {
      jobs,
      files: new FileService(db, jobs),
      listings: new ListingService(db),
      reviews: new ReviewService(db),
      usage: new UsageService(db),
      users: new UserService(db),
      settings: new SettingsService(db, buildPriceTable(engine.config.PRICE_TABLE)),
      predictions: new PredictionService(db),
      failures: new FailureService(db),
      overview: new OverviewService(db),
      backups: new BackupService(db),
      webhooks: new WebhookDeliveryService(db, jobs),
    };
    cache.set(engine, s);
  }
  return s;
}
