/** Paths both ends agree on. */
export const COLLAB_PATH = '/collab';
export const API_PREFIX = '/api';
