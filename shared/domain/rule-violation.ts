/** A request that is well-formed but breaks a contract rule; answered as 400 naming the field. */
export class RuleViolation extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly where: 'body' | 'query' | 'path' = 'body',
  ) {
    super(reason);
  }
}
