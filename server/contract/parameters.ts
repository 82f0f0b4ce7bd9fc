import { Type, type TInteger, type TNumber, type TNumberOptions } from 'typebox';
import { formatWithUnit, PARAMETER_RANGES, type ParameterName, type ParameterRange } from '../core/radio/parameter-ranges.ts';

/**
 * The schema of a model parameter in a request body, with the bounds and reason of its range
 * (core/radio/parameter-ranges.ts), so the API refuses what the engine would skip. `options` adds a
 * default or a leading description.
 */
export function parameterSchema(name: ParameterName, options: Pick<TNumberOptions, 'default' | 'description'> = {}): TNumber | TInteger {
  const range: ParameterRange = PARAMETER_RANGES[name];
  const bounds = `${formatWithUnit(range.min, range.unit)} to ${formatWithUnit(range.max, range.unit)}`;
  const schema = {
    ...options,
    minimum: range.min,
    maximum: range.max,
    description: `${options.description ? `${options.description}; ` : ''}${bounds}: ${range.reason}`,
  };
  return range.integer ? Type.Integer(schema) : Type.Number(schema);
}
