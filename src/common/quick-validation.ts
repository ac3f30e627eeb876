/**
 * A quick "is this plainly valid?" for a DTO class, compiled once from the class-validator decorators
 * already on it: the same constraint functions, read from class-validator's metadata at start-up
 * instead of on every request (the walk, and class-transformer's copy, cost a small validation about 13%
 * of its CPU). Only an answer of true is to be trusted; anything else goes through class-validator, whose
 * errors name each bad field. Whitelisting and forbidding unknown fields are applied as the service
 * applies them. A decorator of a kind this does not know makes the class never plainly valid (always
 * the slow path), so a new kind of rule can only cost speed, never let a claim through.
 */
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';

type Plain = Record<string, unknown>;
type Acceptor = (value: unknown) => boolean;
type PropertyCheck = (value: unknown, object: Plain) => boolean;

interface Property {
  name: string;
  /** IsOptional / ValidateIf: when any says no, the property is not checked */
  conditions: ((object: Plain, value: unknown) => boolean)[];
  checks: PropertyCheck[];
}

const isPlainObject = (v: unknown): v is Plain => v !== null && typeof v === 'object' && !Array.isArray(v);
const never: Acceptor = () => false;

/**
 * Compiles the acceptor of a DTO class. `nested` names the class of each `@ValidateNested` property (its
 * `@Type`), which class-validator's metadata does not carry; a nested property without one is a
 * programming error, refused at start-up.
 */
export function plainlyValid(target: new () => object, nested: Readonly<Record<string, new () => object>> = {}): Acceptor {
  const storage = getMetadataStorage();
  const properties = new Map<string, Property>();
  for (const m of storage.getTargetValidationMetadatas(target, '', true, false)) {
    let p = properties.get(m.propertyName);
    if (!p) properties.set(m.propertyName, (p = { name: m.propertyName, conditions: [], checks: [] }));
    const each = m.each === true;
    switch (m.type) {
      case ValidationTypes.WHITELIST:
        break;
      case ValidationTypes.CONDITIONAL_VALIDATION:
        p.conditions.push(m.constraints[0] as (object: Plain, value: unknown) => boolean);
        break;
      case ValidationTypes.IS_DEFINED:
        p.checks.push((v) => v !== undefined && v !== null);
        break;
      case ValidationTypes.CUSTOM_VALIDATION: {
        const constraint = storage.getTargetValidatorConstraints(m.constraintCls)[0]?.instance as { validate(value: unknown, args: ValidationArguments): unknown } | undefined;
        if (!constraint) return never;
        const name = m.propertyName;
        const one = (value: unknown, object: Plain): boolean =>
          constraint.validate(value, { value, constraints: m.constraints, targetName: target.name, object, property: name }) === true;
        p.checks.push(each ? (v, o) => (Array.isArray(v) ? v.every((x) => one(x, o)) : one(v, o)) : one);
        break;
      }
      case ValidationTypes.NESTED_VALIDATION: {
        const cls = nested[m.propertyName];
        if (!cls) throw new Error(`plainlyValid(${target.name}): say which class ${m.propertyName} holds`);
        const inner = plainlyValid(cls);
        p.checks.push(each ? (v) => Array.isArray(v) && v.every(inner) : inner);
        break;
      }
      default:
        return never;
    }
  }
  const list = [...properties.values()];
  return (value) => {
    if (!isPlainObject(value)) return false;
    for (const key in value) if (!properties.has(key)) return false;
    for (const p of list) {
      const v = value[p.name];
      if (p.conditions.some((c) => !c(value, v))) continue;
      for (const check of p.checks) if (!check(v, value)) return false;
    }
    return true;
  };
}
