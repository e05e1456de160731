console.log('migrate');
