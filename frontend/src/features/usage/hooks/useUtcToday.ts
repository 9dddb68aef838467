/** Today's UTC day (YYYY-MM-DD); re-renders when the UTC day turns, so "the last 7 days" moves with it. */
import { useEffect, useState } from 'react';
import { addDays, dayStart, utcDay } from '../range';

export function useUtcToday(): string {
  const [today, setToday] = useState(() => utcDay(Date.now()));
  const [check, setCheck] = useState(0);
  useEffect(() => {
    const untilMidnight = dayStart(addDays(today, 1)) - Date.now() + 1000;
    // A second past midnight UTC, and at least hourly (a sleeping tab's timer runs late).
    const id = setTimeout(() => {
      setToday(utcDay(Date.now()));
      setCheck((n) => n + 1);
    }, Math.max(1000, Math.min(untilMidnight, 3_600_000)));
    return () => clearTimeout(id);
  }, [today, check]);
  return today;
}
