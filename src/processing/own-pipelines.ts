/**
 * The project's own pipelines (pipelines/<name>/<name>.cpp, built into public/pipelines/), in the
 * order the panel lists them. The list lives once, in pipelines/pipelines.json, beside the C++
 * sources: scripts/build-pipelines.sh builds exactly these, and the tests run exactly these.
 */
import ownPipelineNames from '../../pipelines/pipelines.json';

export const OWN_PIPELINES: readonly string[] = ownPipelineNames;
