/** A caption's length against its platform's limit (guidance: red past it). */
import { LevelText } from './LevelText';

export function CaptionCounter({ length, max, id }: { length: number; max: number; id?: string }) {
  const over = length > max;
  return (
    <LevelText id={id} level={over ? 'over' : 'ok'}>
      {length} / {max} characters{over ? ' · over the platform’s limit' : ''}
    </LevelText>
  );
}
