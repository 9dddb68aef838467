/** The description's word count against 100–200 (guidance). */
import { LIMITS, rangeLevel, wordCount } from '../logic/limits';
import { LevelText } from './LevelText';

export function WordCount({ text, id }: { text: string; id?: string }) {
  const n = wordCount(text);
  const { min, max } = LIMITS.descriptionWords;
  const level = rangeLevel(n, LIMITS.descriptionWords);
  const note = n < min ? ' · a little short' : n > max ? ' · a little long' : '';
  return (
    <LevelText id={id} level={level}>
      {n} {n === 1 ? 'word' : 'words'} of {min}–{max}
      {note}
    </LevelText>
  );
}
