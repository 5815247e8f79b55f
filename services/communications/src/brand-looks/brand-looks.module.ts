import { Module } from '@nestjs/common';
import { BrandLooksConsumer } from './brand-looks.consumer';
import { BrandLooksResolver } from './brand-looks.resolver';
import { BrandLooksService } from './brand-looks.service';

@Module({ providers: [BrandLooksService, BrandLooksResolver, BrandLooksConsumer], exports: [BrandLooksService] })
export class BrandLooksModule {}
