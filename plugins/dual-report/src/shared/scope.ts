import { callerAccount, type PluginRequestContext, type PluginTx } from '@tongxin/plugin-sdk';

/** The partner body (a unit) the caller works for, if any: what a unit liaison acts for. */
export async function callerPartner(tx: PluginTx, ctx: PluginRequestContext): Promise<string | null> {
  return (await callerAccount(tx, ctx))?.partnerBodyId ?? null;
}
