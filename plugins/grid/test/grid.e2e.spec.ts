import { describePluginConformance } from '../../../tests/conformance/plugin-conformance';
import plugin from '../src/index';

describePluginConformance(() => plugin, { label: 'grid conformance' });
