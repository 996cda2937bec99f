/** The exchange format's cell escaping lives in @sidh/domain (used by the export and the sidh-export import). */
export { hasTriggerAtLineStart, linesOf, neutralizeCell, restoreCell, startsWithTrigger } from '@sidh/domain';
