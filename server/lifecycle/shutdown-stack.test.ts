import { describe, expect, it } from 'vitest';
import { ShutdownStack } from './shutdown-stack';

describe('ShutdownStack', () => {
  it('closes newest first, once', async () => {
    const order: string[] = [];
    const stack = new ShutdownStack();
    stack.defer('store', 'db', (v) => void order.push(v));
    stack.defer('server', 'http', async (v) => void order.push(v));
    await Promise.all([stack.closeAll(), stack.closeAll()]);
    await stack.closeAll();
    expect(order).toEqual(['http', 'db']);
  });

  it('runs every step even when one fails, then reports the failure', async () => {
    const order: string[] = [];
    const stack = new ShutdownStack();
    stack.defer('store', null, () => void order.push('store'));
    stack.defer('api', null, () => {
      throw new Error('boom');
    });
    await expect(stack.closeAll()).rejects.toThrow('shutdown incomplete: api: boom');
    expect(order).toEqual(['store']);
  });
});
