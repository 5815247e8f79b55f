import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Postgres bigint <-> exact bigint minor units (never a JS number). */
const bigintMinor = { to: (v?: bigint) => v?.toString(), from: (v: string) => BigInt(v) };

@Entity({ name: 'client_portfolios' })
export class ClientPortfolioEntity {
  @PrimaryColumn('uuid', { name: 'client_id' }) clientId!: string;
  @Column('text', { name: 'client_name' }) clientName!: string;
  @Column('char', { length: 2 }) country!: string;
  @Column('uuid', { name: 'brand_ids', array: true, default: () => "'{}'" }) brandIds!: string[];
  @Column('int', { name: 'open_cases', default: 0 }) openCases!: number;
  @Column('bigint', { name: 'placed_minor', default: 0, transformer: bigintMinor }) placedMinor!: bigint;
  @Column('bigint', { name: 'collected_minor', default: 0, transformer: bigintMinor }) collectedMinor!: bigint;
  @Column('bigint', { name: 'open_minor', default: 0, transformer: bigintMinor }) openMinor!: bigint;
  @Column('char', { length: 3, default: 'EUR' }) currency!: string;
}
