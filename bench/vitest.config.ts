// Tests of the benchmark's own logic (statistics, targets, report, parsing). They start no server.
import { workspaceTestConfig } from '../vitest.shared.ts';

export default workspaceTestConfig();
