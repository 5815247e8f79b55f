import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** How a brand looks and signs in what the agency sends in its name. */
@Entity({ name: 'brand_looks' })
export class BrandLookEntity {
  @PrimaryColumn('uuid', { name: 'brand_id' }) brandId!: string;
  @Column('uuid', { name: 'client_id' }) clientId!: string;
  @Column('text', { name: 'brand_name', nullable: true }) brandName!: string | null;
  @Column('text', { array: true, default: () => "'{nl,fr,de,en}'" }) languages!: string[];
  @Column('text', { name: 'sender_name' }) senderName!: string;
  @Column('text', { name: 'reply_email', nullable: true }) replyEmail!: string | null;
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('text', { nullable: true }) iban!: string | null;
  @Column('text', { name: 'logo_url', nullable: true }) logoUrl!: string | null;
  @Column('text', { name: 'primary_color', default: '#1f3a5f' }) primaryColor!: string;
  @Column('text', { name: 'secondary_color', default: '#e8eef5' }) secondaryColor!: string;
  @Column('text', { nullable: true }) website!: string | null;
  @Column('text', { nullable: true }) footer!: string | null;
  @Column('text', { nullable: true }) letterhead!: string | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
