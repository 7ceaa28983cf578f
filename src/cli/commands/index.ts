import type { Command } from '../command';
import { importCmd } from './import';
import { check } from './check';
import { report } from './report';
import { serve } from './serve';
import { user } from './user';
import { audit } from './audit';
import { fill } from './fill';
import { push } from './push';
import { start } from './start';
import { rules } from './rules';
import { store } from './store';
import { submit } from './submit';
import { status } from './status';
import { approve, returnCmd } from './review';

export const COMMANDS: Command[] = [start, importCmd, check, report, fill, push, submit, status, approve, returnCmd, serve, user, audit, rules, store];
