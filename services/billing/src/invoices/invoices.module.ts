import { Module } from '@nestjs/common';
import { InvoiceDeliveryService } from './invoice-delivery.service';
import { InvoicesResolver } from './invoices.resolver';
import { InvoicesService } from './invoices.service';

@Module({ providers: [InvoicesService, InvoiceDeliveryService, InvoicesResolver] })
export class InvoicesModule {}
