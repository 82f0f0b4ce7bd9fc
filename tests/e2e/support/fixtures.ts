/**
 * Data a browser test creates for itself through the API, so that it does not depend on what an
 * earlier test left behind: scenarios under a given name, and users of a given role.
 */
import type { ScenarioChanges } from '../../../server/contract/scenarios.ts';
import { api, type Running } from './browser.ts';
import { AREA } from './session.ts';

export const NO_CHANGES: ScenarioChanges = { addCandidates: [], cellChanges: [], removeCells: [] };

/** Names of the area's saved scenarios. */
export async function scenarioNames(server: Running): Promise<string[]> {
  return (await api<{ items: { name: string }[] }>(server, 'GET', `/areas/${AREA}/scenarios`)).items.map((s) => s.name);
}

/** Deletes the scenarios of these names that exist. */
export async function deleteScenarios(server: Running, ...names: string[]): Promise<void> {
  const existing = await scenarioNames(server);
  for (const name of names) {
    if (existing.includes(name)) await api(server, 'DELETE', `/areas/${AREA}/scenarios/${encodeURIComponent(name)}`);
  }
}

/** A saved scenario of this name with exactly these changes (replacing one of the same name). */
export async function saveScenario(server: Running, name: string, changes: ScenarioChanges = NO_CHANGES): Promise<void> {
  await deleteScenarios(server, name);
  await api(server, 'POST', `/areas/${AREA}/scenarios`, { name, changes });
}

/** Deletes the signed-in user's working scenario (the edits made on the map), if there is one. */
export async function deleteWorkingScenario(server: Running): Promise<void> {
  const working = await api<{ scenario: { id: number } | null }>(server, 'GET', `/areas/${AREA}/scenarios/working`);
  if (working.scenario) await api(server, 'DELETE', `/areas/${AREA}/scenarios/${working.scenario.id}`);
}
