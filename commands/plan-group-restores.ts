import type { ParkSnapshot } from "./park-snapshot.js";

/** One call park group to put re-created extensions back in. */
export interface GroupRestore {
  locationId: string;
  groupId: string;
  groupName: string;
  /** The snapshots it held that were re-created, each with its new id. */
  members: { snapshot: ParkSnapshot; newId: string }[];
}

/**
 * Which groups get which re-created extensions back: one entry per group (one read and one write
 * of it, however many of its members come back), only for extensions that were re-created.
 */
export function planGroupRestores(
  snapshots: readonly ParkSnapshot[],
  newIds: ReadonlyMap<ParkSnapshot, string>,
): GroupRestore[] {
  const plans = new Map<string, GroupRestore>();
  for (const snapshot of snapshots) {
    const newId = newIds.get(snapshot);
    if (newId === undefined) continue;
    for (const group of snapshot.groups) {
      const key = `${snapshot.locationId}\n${group.id}`;
      const plan = plans.get(key) ?? {
        locationId: snapshot.locationId,
        groupId: group.id,
        groupName: group.name,
        members: [],
      };
      plan.members.push({ snapshot, newId });
      plans.set(key, plan);
    }
  }
  return [...plans.values()];
}

/** The group's member list after the restore: what it holds now, plus the new ids, once each. */
export function membersAfterRestore(current: readonly string[], plan: GroupRestore): string[] {
  return [...new Set([...current, ...plan.members.map((m) => m.newId)])];
}
