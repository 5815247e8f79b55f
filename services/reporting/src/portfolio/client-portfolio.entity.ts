import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Reporting's copy of a client, from ClientOnboarded and BrandCreated. The figures live per case (reporting.portfolio_cases, see case-store.ts). */
@Entity({ name: 'client_portfolios' })
export class ClientPortfolioEntity {
  @PrimaryColumn('uuid', { name: 'client_id' }) clientId!: string;
  @Column('text', { name: 'client_name' }) clientName!: string;
  @Column('char', { length: 2 }) country!: string;
  @Column('uuid', { name: 'brand_ids', array: true, default: () => "'{}'" }) brandIds!: string[];
}
