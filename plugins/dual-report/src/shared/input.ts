/** A canonical uuid: ids from the path are checked before they reach SQL, so a malformed one is a 404. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Query strings carry booleans as text: `?active=false` must mean false, not a truthy string. */
export const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
