import { Module } from '@nestjs/common';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';
import { SessionsService } from './sessions.service';
import { SessionsController } from './sessions.controller';

@Module({ providers: [UsersService, SessionsService, UsersResolver], controllers: [SessionsController] })
export class UsersModule {}
