#!/usr/bin/env node
/** The `tss` command: `tss <utility> [flags]`. */
import { main } from "../main.js";

process.exitCode = await main(process.argv.slice(2));
