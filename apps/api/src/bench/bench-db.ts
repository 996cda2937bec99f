import pg from 'pg';

/** Runs one statement on a server as its administrator (CREATE / DROP DATABASE of the benchmarks' own databases). */
export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
