// The reference slave's holding registers: seeded, all distinct and >= 256, so a master that
// prints them cannot be mistaken (no register reads 0..255, no two registers read alike).
// Register k holds 256 + (a*k + b) mod 65280 with a coprime to 65280 = 2^8 * 3 * 5 * 17.

const SPAN = 65536 - 256;

function coprime(a: number): boolean {
  return a % 2 !== 0 && a % 3 !== 0 && a % 5 !== 0 && a % 17 !== 0;
}

export function registerTable(random: () => number): (address: number) => number {
  let a = 1 + Math.floor(random() * (SPAN - 1));
  while (!coprime(a)) a = (a + 1) % SPAN || 1;
  const b = Math.floor(random() * SPAN);
  return (address) => 256 + ((a * address + b) % SPAN);
}
