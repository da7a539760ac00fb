#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { APP_CONTEXT, buildStacks } from '../src/app';
import { loadConfigFile } from '../src/config/load';

// Config file: `cdk synth -c config=path/to/config.yaml` (default in cdk.json).
const app = new App({ context: APP_CONTEXT });
const { config } = loadConfigFile(String(app.node.tryGetContext('config')));
buildStacks(app, config);
