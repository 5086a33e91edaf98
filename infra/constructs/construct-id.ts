/** A construct id from a kebab-case name in the route or job table: `api-keys` → `ApiKeys`. */
export function constructId(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
}
