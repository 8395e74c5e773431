/**
 * The one generic suite: runs whatever plan it is provided (`provide: { ruleprobe: SuiteOptions }`
 * in a vitest config or through vitest's node API), shipped or user specs alike.
 */
import { inject } from 'vitest';
import { defineRuleprobeSuite } from './define.js';
import './plan.js';

await defineRuleprobeSuite(inject('ruleprobe') ?? {});
