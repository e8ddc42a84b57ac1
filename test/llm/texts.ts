/** Short passages written for these tests (real topics, own words). */
export const PANAMA_CANAL =
  'The Panama Canal opened in August 1914 and cut the sea voyage between New York and San Francisco by about eight thousand miles. ' +
  'French engineers under Ferdinand de Lesseps abandoned their sea-level design in 1889 after yellow fever and malaria killed thousands of workers. ' +
  'The United States took over in 1904 and built a lock canal instead, raising ships twenty-six metres to Gatun Lake. ' +
  'William Gorgas led the sanitation campaign that drained standing water and brought yellow fever under control.';

export const TRANSIT_OF_VENUS =
  'In 1769 James Cook sailed to Tahiti to observe the transit of Venus across the face of the Sun. ' +
  'Astronomers hoped that timing the transit from distant places would reveal the distance between the Earth and the Sun. ' +
  'The measurements were blurred by the black drop effect, which made the exact moment of contact hard to judge. ' +
  'Even so, the combined observations gave a value within a few percent of the modern astronomical unit.';

export const ALAN_TURING =
  'Alan Turing described an abstract computing machine in his 1936 paper on computable numbers. ' +
  'During the Second World War he worked at Bletchley Park, where he designed the bombe to break Enigma settings. ' +
  'After the war he wrote about machine intelligence and proposed the imitation game as a test of it. ' +
  'His work on morphogenesis explained how chemical reactions could produce stripes and spots in living tissue.';
