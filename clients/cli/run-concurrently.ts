/**
 * Runs `worker` over `items` with at most `limit` in flight. After the first failure no new item
 * starts; the ones in flight finish, then that first error is thrown.
 */
export async function runConcurrently<Item>(
  items: readonly Item[],
  limit: number,
  worker: (item: Item) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const item = items[next++] as Item;
      try {
        await worker(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
}
