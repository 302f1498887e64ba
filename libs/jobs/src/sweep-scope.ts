/**
 * Which tenants this deployment's sweeps look after: all of them. A deployment owns its database,
 * so there is nothing to choose; the test suite, whose files share one database with a queue
 * namespace each, narrows it to the tenants each file created.
 */
export class SweepScope {
  constructor(private readonly owns: (tenantId: string) => boolean = () => true) {}

  covers(tenantId: string): boolean {
    return this.owns(tenantId);
  }
}
