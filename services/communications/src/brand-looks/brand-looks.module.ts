import { Module } from '@nestjs/common';
import { BrandLooksResolver } from './brand-looks.resolver';

@Module({ providers: [BrandLooksResolver] })
export class BrandLooksModule {}
