/** The title's length against the guidance: amber from 60 characters, red past 70. */
import { LIMITS, titleLevel } from '../logic/limits';
import { LevelText } from './LevelText';

export function TitleCounter({ length, id }: { length: number; id?: string }) {
  const level = titleLevel(length);
  const note = level === 'over' ? ' · too long for search results' : level === 'warn' ? ` · past the ideal ${LIMITS.title.ideal}` : '';
  return (
    <LevelText id={id} level={level}>
      {length} / {LIMITS.title.max} characters{note}
    </LevelText>
  );
}
