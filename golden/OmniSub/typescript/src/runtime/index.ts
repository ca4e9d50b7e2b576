/**
 * The runtime every generated TypeScript SDK extends (copied into the SDK as `runtime/`).
 * It needs nothing beyond the platform: `fetch`, `AbortController`, `TextEncoder`.
 * Generated code adds typed interfaces, typed filter options and docs; the behaviour is here.
 */

export {
  DEFAULT_LIMIT,
  InstanceAPI,
  InstanceReadAPI,
  PAGE_LIMIT,
  collect,
  type Aggregate,
  type AggregateOptions,
  type Bucket,
  type GroupedValue,
  type IterateOptions,
  type ListOptions,
  type PropertyName,
  type RetrieveOptions,
  type SearchOptions,
} from "./api.js";
export { asWrite } from "./aswrite.js";
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_INSTANCES,
  DEFAULT_MAX_RESULT_SETS,
  ExpandLimitError,
  SET_LIMIT,
  isExpanded,
  type ExpandArg,
  type ExpandOptions,
  type Expandable,
  type ExpandedEdge,
} from "./expand.js";
export {
  ClientCredentials,
  TokenAuth,
  type ClientCredentialsOptions,
  type CredentialProvider,
} from "./auth.js";
export {
  API_ITEM_LIMIT,
  InstanceClient,
  type IdLike,
  type InstanceClientOptions,
  type UpsertMode,
  type UpsertOptions,
} from "./client.js";
export {
  AuthenticationError,
  ConnectionFailedError,
  ERROR_BRAND,
  InstanceOperationError,
  NetworkError,
  PygenApiError,
  PygenError,
  RateLimitError,
  RequestTimeoutError,
  ResponseTooLargeError,
  type ApiErrorDetails,
} from "./errors.js";
export {
  BareId,
  Prop,
  RelationFilter,
  and,
  edgeMatching,
  hasData,
  instanceReferences,
  isFilter,
  matchAll,
  nodeProp,
  not,
  or,
  overlaps,
  reverseMatching,
  viewProp,
  withInstanceSpace,
  type Filter,
  type FilterValue,
  type RangeBounds,
} from "./filters.js";
export {
  DEFAULT_GZIP_THRESHOLD,
  encodeJsonBody,
  type EncodedBody,
} from "./encoding.js";
export {
  API_VERSION,
  HttpClient,
  RETRY_STATUSES,
  Semaphore,
  parseRetryAfter,
  type HttpClientOptions,
} from "./http.js";
export {
  ViewRef,
  instanceId,
  isInstanceIdLike,
  toInstanceId,
  type InstanceId,
  type ViewReference,
} from "./ids.js";
export {
  EDGE_ID_MAX_LENGTH,
  edgeExternalId,
  isEdgeWrite,
  isNodeWrite,
  readInstance,
  writeProperties,
  type EdgeInstance,
  type EdgeSpec,
  type EdgeWrite,
  type InstanceBase,
  type NodeInstance,
  type NodeWrite,
  type PropertySpec,
  type PropertyType,
  type ReverseSpec,
  type ViewSpec,
  type WireInstance,
  type WireWrite,
} from "./instance.js";
export { QueryBuilder } from "./query.js";
export {
  emptyResult,
  mergeResult,
  type FailedBatch,
  type InstanceResult,
  type Page,
} from "./results.js";
export { MAX_RELATED_IDS, resolveRelated } from "./related.js";
export { TokenBucket } from "./rateLimit.js";
export { REDACTED, SECRET_KEYS, redactText } from "./redaction.js";
export {
  parseSort,
  type SortableInstanceField,
  type Sort,
  type SortArg,
  type SortKey,
} from "./sort.js";
export {
  SYNC_LIMIT,
  SyncCursorExpiredError,
  syncBatches,
  type SyncBatch,
  type SyncOptions,
  type SyncRequest,
} from "./sync.js";
export {
  formatDate,
  formatTimestamp,
  parseTimestamp,
  toWire,
  type DateString,
  type JsonValue,
} from "./values.js";
export {
  defineViewAPIs,
  viewSpecs,
  type ViewAPIClass,
  type ViewAPIs,
  type ViewTable,
} from "./viewTable.js";
