import Fastify from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Nullable } from '../../server/contract/shared.ts';

/** Validate `{ value }` as a route body would be, with the validator options of server/app.ts (coercion on, unknown fields stripped). */
function validator(schema: TSchema) {
  return async (value: unknown) => {
    const app = Fastify({ ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true, allErrors: false } } });
    app.post('/', { schema: { body: Type.Object({ value: schema }) } }, async (req) => ({ body: req.body }));
    const res = await app.inject({ method: 'POST', url: '/', payload: { value } });
    await app.close();
    return res.statusCode === 200 ? { ok: true, value: res.json().body.value } : { ok: false };
  };
}

describe('Nullable', () => {
  it('is one JSON-schema type list, so coercion keeps a null a null', async () => {
    const schema = Nullable(Type.Integer({ minimum: 1 }));
    expect(JSON.parse(JSON.stringify(schema))).toEqual({ type: ['integer', 'null'], minimum: 1 });
    const check = validator(schema);
    expect(await check(null)).toEqual({ ok: true, value: null });
    expect(await check('7')).toEqual({ ok: true, value: 7 });
    expect((await check(0)).ok).toBe(false);
    expectTypeOf<Static<typeof schema>>().toEqualTypeOf<number | null>();
  });

  it('adds null to the values of an enum', async () => {
    const schema = Nullable(Type.Enum(['open', 'resolved']));
    expect(JSON.parse(JSON.stringify(schema))).toEqual({ type: ['string', 'null'], enum: ['open', 'resolved', null] });
    const check = validator(schema);
    expect(await check(null)).toEqual({ ok: true, value: null });
    expect(await check('open')).toEqual({ ok: true, value: 'open' });
    expect((await check('closed')).ok).toBe(false);
    expectTypeOf<Static<typeof schema>>().toEqualTypeOf<'open' | 'resolved' | null>();
  });

  it('keeps the keywords of strings and objects', async () => {
    const text = Nullable(Type.String({ format: 'date-time' }));
    expect(JSON.parse(JSON.stringify(text))).toEqual({ type: ['string', 'null'], format: 'date-time' });
    expect((await validator(text)('yesterday')).ok).toBe(false);
    const object = Nullable(Type.Object({ a: Type.Integer() }));
    const check = validator(object);
    expect(await check(null)).toEqual({ ok: true, value: null });
    expect(await check({ a: 1, b: 2 })).toEqual({ ok: true, value: { a: 1 } });
    expectTypeOf<Static<typeof object>>().toEqualTypeOf<{ a: number } | null>();
  });
});
