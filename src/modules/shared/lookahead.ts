import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/**
 * Whether the field being resolved selects any of `names` below `path` (e.g. a connection's
 * `["edges", "node"]`), through inline fragments and named ones, so a list can read in its own
 * statement what its items' fields would otherwise load one batch later. `@skip`/`@include` are
 * not evaluated: a field under them counts as selected, which reads a little more, never less.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[], names: readonly string[]): boolean {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  for (const step of path) sets = fieldsNamed(info, sets, [step]).flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  return fieldsNamed(info, sets, names).length > 0;
}

function fieldsNamed(info: GraphQLResolveInfo, sets: readonly SelectionSetNode[], names: readonly string[]) {
  const out: { selectionSet?: SelectionSetNode }[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (names.includes(selection.name.value)) out.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = info.fragments[name];
        if (fragment && !seen.has(name)) {
          seen.add(name);
          walk(fragment.selectionSet);
        }
      }
    }
  };
  for (const set of sets) walk(set);
  return out;
}
