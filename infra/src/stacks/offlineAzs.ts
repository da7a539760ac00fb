/**
 * Availability zones named from the region (a, b, c), so that `cdk synth`
 * needs no AZ lookup and stays offline. Every commercial region has these.
 */
export function offlineAvailabilityZones(region: string): string[] {
  return ['a', 'b', 'c'].map(letter => `${region}${letter}`);
}
