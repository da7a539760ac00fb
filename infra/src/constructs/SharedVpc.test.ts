import { fixedAddressInSubnet } from './SharedVpc';

describe('fixedAddressInSubnet', () => {
  it('offsets into the subnet', () => {
    expect(fixedAddressInSubnet('10.0.12.0/28', 10)).toBe('10.0.12.10');
    expect(fixedAddressInSubnet('10.0.12.16/28', 10)).toBe('10.0.12.26');
    expect(fixedAddressInSubnet('10.0.255.0/24', 200)).toBe('10.0.255.200');
  });

  it('carries into higher octets', () => {
    expect(fixedAddressInSubnet('10.0.0.0/22', 300)).toBe('10.0.1.44');
  });

  it.each([0, 3, 15, 16])(
    'refuses offset %i: reserved by AWS or outside a /28',
    offset => {
      expect(() => fixedAddressInSubnet('10.0.12.0/28', offset)).toThrow(
        /reserved or outside/,
      );
    },
  );
});
