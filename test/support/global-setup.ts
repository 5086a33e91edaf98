/** Filled in with the local platform's parts; infra tests need none of them. */
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
