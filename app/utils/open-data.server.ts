/** What the open-data files say of themselves, from the configuration: publisher and licence. */
import type { OpenDataAbout } from "../models/public/open-data.server";
import { openDataLicence, serviceIdentity } from "./env.server";

export function openDataAbout(origin: string): OpenDataAbout {
  return { origin, publisher: serviceIdentity().body, licence: openDataLicence() };
}

/** RFC 8288's `license` relation: the one place a CSV file can name its licence without a line readers must skip. */
export function openDataLicenceLink(about: OpenDataAbout): string {
  return `<${about.licence.url}>; rel="license"`;
}
