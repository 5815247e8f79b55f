import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@amicus/errors';
import type { Communication } from './communication';
import { communicationById, communicationsOfCase, evidenceOf, type CommunicationEvidence } from './communication-store';

/** What the resolver shows: a communication, a case's communications, the evidence of what was sent. */
@Injectable()
export class CommunicationReadsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(id: string): Promise<Communication> {
    const communication = await communicationById(this.db.manager, id);
    if (!communication) throw new DomainError('not_found', `no communication ${id}`, [{ field: 'id', reason: 'no such communication' }]);
    return communication;
  }

  ofCase(caseId: string): Promise<Communication[]> {
    return communicationsOfCase(this.db.manager, caseId);
  }

  evidence(id: string): Promise<(CommunicationEvidence & { sha256: string }) | null> {
    return evidenceOf(this.db.manager, id);
  }
}
