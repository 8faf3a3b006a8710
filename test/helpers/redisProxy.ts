import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the real Redis that a test can cut (server closed, every socket destroyed,
 * as when Redis or the network goes away) and bring back on the same port, where the client reconnects.
 */
export class RedisProxy {
  readonly #target: URL;
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  #port = 0;

  private constructor(redisUrl: string) {
    this.#target = new URL(redisUrl);
  }

  static async start(redisUrl: string): Promise<RedisProxy> {
    const proxy = new RedisProxy(redisUrl);
    await proxy.restore();
    return proxy;
  }

  /** REDIS_URL with the proxy's address (credentials and database kept). */
  get url(): string {
    const url = new URL(this.#target);
    url.hostname = '127.0.0.1';
    url.port = String(this.#port);
    return url.toString();
  }

  /** Listens (again), on the port it had before if any. */
  async restore(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(this.#target.port || 6379), this.#target.hostname);
      for (const [socket, other] of [[client, upstream], [upstream, client]] as const) {
        this.#sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          this.#sockets.delete(socket);
          other.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Stops accepting connections and destroys every open one. */
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }
}
