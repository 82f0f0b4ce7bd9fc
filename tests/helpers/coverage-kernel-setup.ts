/**
 * Vitest set-up of every test file: its thread is handed the coverage kernel's WebAssembly build, as
 * the server's start-up does (COVERAGE_KERNEL=js runs the suite on the JavaScript passes). Tests of
 * one pass ask for it: `new KernelScratch({ wasm: false })`.
 */
import { parseCoverageKernel } from '../../server/config.ts';
import { setUpCoverageKernel } from '../../server/workers/coverage-kernel.ts';

setUpCoverageKernel(parseCoverageKernel());
