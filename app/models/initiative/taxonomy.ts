/**
 * The fixed vocabularies of docs/domain.md: reform areas (Nghị quyết 76/NQ-CP), procedure domains,
 * author types and scopes. Labels live in the i18n dictionaries under the same keys. The lists
 * themselves are in `app/domain/vocabulary.ts`, which the database schema and the emails read too.
 */
export {
  AUTHOR_TYPES,
  CONFLICT_TYPES,
  PROCEDURE_DOMAINS,
  RECOMMENDATIONS,
  REFORM_AREAS,
  SCOPE_TYPES,
  type AuthorType,
  type ConflictType,
  type ProcedureDomain,
  type Recommendation,
  type ReformArea,
  type ScopeType,
} from "../../domain/vocabulary";
