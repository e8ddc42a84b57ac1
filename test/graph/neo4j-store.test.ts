
import { useNeo4jDatabase } from '../setup/neo4j-database.js';
import { describeGraphStoreContract } from './store-contract.js';

const database = useNeo4jDatabase();

describeGraphStoreContract('neo4j', () => database.freshStore());
