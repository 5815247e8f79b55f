import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'clients' })
export class ClientEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /** ISO 3166-1 alpha-2: decides the client's home jurisdiction. */
  @Column('char', { length: 2 })
  country!: string;

  @Column('text', { name: 'enterprise_number', nullable: true })
  enterpriseNumber!: string | null;

  /** A small enterprise may start interest earlier (BE-C-6). */
  @Column('boolean', { default: false })
  sme!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
