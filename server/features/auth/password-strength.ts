import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * Password strength by the zxcvbn estimator (Wheeler, "zxcvbn: Low-Budget Password Strength
 * Estimation", USENIX Security 2016), maintained as the @zxcvbn-ts packages: common passwords,
 * English words and names, keyboard patterns, repeats, sequences and dates, scored 0-4.
 */

/** Lowest accepted score: 3 = "safely unguessable", about 10^8 guesses or more. */
export const PASSWORD_MIN_SCORE = 3;

/** Words of the product, the operator and the place, as guessable in a password as the username. */
export const PRODUCT_WORDS: readonly string[] = ['coverage', 'planner', 'unicom', 'daqing', 'ranghulu'];

/** Only the first characters are judged: the estimator's time grows quickly with length (a 256-character password takes seconds). */
const JUDGED_CHARACTERS = 64;

let estimator: Promise<ZxcvbnFactory> | undefined;

/** The estimator with its word lists (several MB, a few hundred ms to unpack): loaded on first use, once per process. */
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]).then(
    ([core, common, en]) =>
      new core.ZxcvbnFactory({
        translations: en.translations,
        graphs: common.adjacencyGraphs,
        dictionary: { ...common.dictionary, ...en.dictionary },
        maxLength: JUDGED_CHARACTERS,
      }),
    (err: unknown) => {
      estimator = undefined;
      throw err;
    },
  );
  return estimator;
}

/**
 * Why `password` is too easy to guess, in English (the estimator's warning and suggestions), or
 * undefined when it scores at least PASSWORD_MIN_SCORE. `userInputs` (the username, its parts) and
 * PRODUCT_WORDS count as words an attacker tries first.
 */
export async function passwordWeakness(password: string, userInputs: readonly string[]): Promise<string | undefined> {
  const result = (await loadEstimator()).check(password, [...userInputs, ...PRODUCT_WORDS]);
  if (result.score >= PASSWORD_MIN_SCORE) return undefined;
  const why = [result.feedback.warning ?? '', ...result.feedback.suggestions].filter((s) => s !== '');
  if (why.length === 0) why.push('Add more words or characters.');
  return `is too easy to guess (strength ${result.score} of 4, at least ${PASSWORD_MIN_SCORE} needed): ${why.join(' ')}`;
}
