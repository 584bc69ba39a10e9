import { Agent } from 'node:http';

/**
 * Keep-alive agents, one per upstream endpoint, shared by every snapshot version that names the
 * endpoint: a new snapshot reuses warm connections. Endpoints that leave the config lose their
 * idle sockets; requests still running on an old table finish on theirs.
 */
export class UpstreamPools {
  private readonly agents = new Map<string, Agent>();

  agentFor(address: string, port: number): Agent {
    const key = `${address}:${port}`;
    let agent = this.agents.get(key);
    if (agent === undefined) {
      agent = new Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 64, scheduling: 'lifo', timeout: 60_000 });
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** Drops agents whose endpoint is not in `inUse` (keys `address:port`), closing their idle sockets. */
  retain(inUse: ReadonlySet<string>): void {
    for (const [key, agent] of this.agents) {
      if (inUse.has(key)) continue;
      this.agents.delete(key);
      for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
    }
  }

  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
