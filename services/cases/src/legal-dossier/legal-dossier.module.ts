import { Module } from '@nestjs/common';
import { TenantDatabase } from '../tenancy/tenant-database';
import { CaseLegalRouteResolver, LegalDossierResolver } from './legal-dossier.resolver';
import { LegalDossierService } from './legal-dossier.service';
import { DossierProofsConsumer } from './proofs.consumer';

/** The court dossier and the proceedings of cases in legal (#16 §2–§4). */
@Module({
  providers: [TenantDatabase, LegalDossierService, LegalDossierResolver, CaseLegalRouteResolver, DossierProofsConsumer],
  exports: [LegalDossierService],
})
export class LegalDossierModule {}
