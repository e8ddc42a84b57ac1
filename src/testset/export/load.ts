import { NoInputError, UsageError } from '../../errors.js';
import { readTestset } from '../read.js';
import type { Sample } from '../sample.js';

/**
 * Exports are exact: a testset with a bad record is refused (naming the first bad line)
 * rather than exported short, and an empty one is no input. Samples a reviewer rejected
 * (`ragset review`) are left out unless `includeRejected`.
 */
export async function loadTestsetForExport(path: string, options: { includeRejected?: boolean } = {}): Promise<Sample[]> {
  const { samples, errors } = await readTestset(path);
  const [first] = errors;
  if (first) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more bad records)` : '';
    throw new UsageError(`${path}:${first.line}: ${first.reason}${more}`, 'fix or remove the bad records, then export again');
  }
  if (samples.length === 0) throw new NoInputError(`${path} has no samples`, 'generate a testset first with `ragset generate`');
  const kept = options.includeRejected ? samples : samples.filter((sample) => sample.review?.status !== 'rejected');
  if (kept.length === 0) throw new NoInputError(`every sample of ${path} was rejected in review`, 'pass --include-rejected to export them anyway');
  return kept;
}
