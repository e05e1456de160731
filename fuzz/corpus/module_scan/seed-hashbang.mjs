#!/usr/bin/env node
import x from 'y';
