import { Column, Entity, PrimaryColumn } from 'typeorm';
import { minorUnitsColumn } from '@amicus/service-runtime';

/** Reporting's copy of a client, from ClientOnboarded and BrandCreated. */
@Entity({ name: 'client_portfolios' })
export class ClientPortfolioEntity {
  @PrimaryColumn('uuid', { name: 'client_id' }) clientId!: string;
  @Column('text', { name: 'client_name' }) clientName!: string;
  @Column('char', { length: 2 }) country!: string;
  @Column('uuid', { name: 'brand_ids', array: true, default: () => "'{}'" }) brandIds!: string[];
}

/** A client's figures in one currency. */
@Entity({ name: 'portfolio_totals' })
export class PortfolioTotalsEntity {
  @PrimaryColumn('uuid', { name: 'client_id' }) clientId!: string;
  @PrimaryColumn('char', { length: 3 }) currency!: string;
  @Column('int', { name: 'open_cases' }) openCases!: number;
  @Column('bigint', { name: 'placed_minor', transformer: minorUnitsColumn }) placedMinor!: bigint;
  @Column('bigint', { name: 'collected_minor', transformer: minorUnitsColumn }) collectedMinor!: bigint;
  @Column('bigint', { name: 'open_minor', transformer: minorUnitsColumn }) openMinor!: bigint;
}
